import { appUser, groupAssignment, oidcApp, scimApp } from "./apps";
import { policy, rule, scope, server } from "./authServer";
import { pushGroup } from "./groupPush";
import { txtRecord } from "./txtRecord";
import type { Matcher } from "./types";

export { lookup } from "./lookups";
export type { Match, MatchContext, Matcher } from "./types";

/**
 * Where adopt decides what to import: one matcher per resource type the stack registers. A type
 * without a matcher (the components themselves) is neither imported nor created in Okta.
 */
export const MATCHERS: Readonly<Record<string, Matcher>> = {
    "okta:app/oAuth:OAuth": oidcApp,
    "okta:app/saml:Saml": scimApp,
    "okta:app/groupAssignment:GroupAssignment": groupAssignment,
    "okta:app/user:User": appUser,
    "okta:auth/server:Server": server,
    "okta:auth/serverScope:ServerScope": scope,
    "okta:auth/serverPolicy:ServerPolicy": policy,
    "okta:auth/serverPolicyRule:ServerPolicyRule": rule,
    "okta:index/pushGroup:PushGroup": pushGroup,
    "aws:route53/record:Record": txtRecord,
};

import type { MatchContext } from "./types";

/**
 * The program's lookups, answered from what was read. A name the org does not have is a problem
 * for the admin (`pulumi up` would stop there too) and fails the lookup as the provider does.
 */

/** The error the engine reports for a failed lookup: the SDK rethrows `details` as the message. */
function lookupFailure(message: string): Error {
    return Object.assign(new Error(message), { details: message });
}

export function lookup(ctx: MatchContext, problems: string[], token: string, inputs: Record<string, any>): Record<string, any> {
    const { org, txt } = ctx;
    switch (token) {
        case "okta:group/getGroup:getGroup": {
            const id = org.groups[inputs.name];
            if (id) return { id, name: inputs.name };
            problems.push(
                `Okta has no group named "${inputs.name}": create it, or change assignGroups/pushGroups (\`pulumi up\` would stop at this lookup)`,
            );
            throw lookupFailure(`group with name "${inputs.name}" does not exist`);
        }
        case "okta:user/getUser:getUser": {
            const login = inputs.searches?.[0]?.value as string;
            const id = org.users[login];
            if (id) return { id, login: org.userLogins[login] ?? login };
            problems.push(`Okta has no user with the login ${login}: fix assignUsers (\`pulumi up\` would stop at this lookup)`);
            throw lookupFailure("no users found using search criteria");
        }
        case "aws:route53/getZone:getZone": {
            const name = String(inputs.name).replace(/\.$/, "");
            if (!txt || txt.zoneName !== name) throw lookupFailure("no matching Route 53 Hosted Zone found");
            return { id: txt.zoneId, zoneId: txt.zoneId, name: `${name}.` };
        }
        case "aws:route53/getRecords:getRecords": {
            const existing = txt?.existing;
            const sets = existing
                ? [
                      {
                          name: `${txt.name}.`,
                          type: "TXT",
                          ttl: existing.ttl,
                          setIdentifier: "",
                          resourceRecords: existing.values.map((value) => ({ value })),
                      },
                  ]
                : [];
            return { zoneId: inputs.zoneId, resourceRecordSets: sets };
        }
        default:
            throw new Error(`adopt cannot look up ${token}`);
    }
}

import type { World } from "./runProgram";

/**
 * Without credentials nothing can be looked up or created, so every value Okta or AWS would
 * decide is shown as a named placeholder: `<id of group Kiro-Users>`, `<kiro-oidc client ID>`.
 * Lookups succeed (the plan cannot tell a missing group); an existing TXT set reads as empty.
 */
export const placeholderWorld: World = {
    call(token, inputs) {
        switch (token) {
            case "okta:group/getGroup:getGroup":
                return { id: `<id of group ${inputs.name}>`, name: inputs.name };
            case "okta:user/getUser:getUser": {
                const login = inputs.searches?.[0]?.value;
                return { id: `<id of user ${login}>`, login };
            }
            case "aws:route53/getZone:getZone":
                return { zoneId: `<public zone ${String(inputs.name).replace(/\.$/, "")}>`, name: inputs.name };
            case "aws:route53/getRecords:getRecords":
                return { zoneId: inputs.zoneId, resourceRecordSets: [] };
            default:
                throw new Error(`the plan cannot look up ${token}`);
        }
    },
    newResource(type, name, inputs) {
        const computed: Record<string, string> = {};
        if (type === "okta:app/oAuth:OAuth") computed.clientId = `<${name} client ID>`;
        if (type === "okta:auth/server:Server") computed.issuer = `<${name} issuer>`;
        if (type === "okta:app/saml:Saml") computed.name = `<${name} app name>`;
        if (type === "aws:route53/record:Record") computed.fqdn = String(inputs.name);
        return { id: `<${name} id>`, state: { ...inputs, ...computed } };
    },
};

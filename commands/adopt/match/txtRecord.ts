import { creating, importing, type Matcher } from "./types";

/** The domain verification TXT record set: imported whole, the stack then adds Kiro's token to its values. */
export const txtRecord: Matcher = (ctx, name, inputs) => {
    const { txt } = ctx;
    if (!txt?.existing) return creating(name, `no TXT record set at ${inputs.name} yet`, { fqdn: inputs.name });
    return importing(
        `${txt.zoneId}_${txt.name}_TXT`,
        [`TXT ${txt.name} (${txt.existing.values.length} value(s)); the stack adds the Kiro token to them`],
        undefined,
        { fqdn: inputs.name },
    );
};

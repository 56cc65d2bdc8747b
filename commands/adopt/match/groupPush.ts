import { creating, importing, isPlaceholder, type Matcher, nameOf } from "./types";

/** A group push mapping on the SCIM app. */
export const pushGroup: Matcher = (ctx, name, inputs) => {
    const { org } = ctx;
    const mapping = isPlaceholder(inputs.appId)
        ? undefined
        : org.pushes[inputs.appId]?.find((m) => m.sourceGroupId === inputs.sourceGroupId);
    const group = nameOf(org.groups, inputs.sourceGroupId);
    if (!mapping) return creating(name, `${group} is not pushed yet`);
    const status = mapping.status === "ACTIVE" ? [] : [`${mapping.status ?? "not active"}: the stack activates it`];
    return importing(`${inputs.appId}/${mapping.id}`, [`${group} pushed`, ...status], mapping.id);
};

import * as fs from "node:fs";
import { serve, UNKNOWN } from "./providerServer";
import type { Route53State } from "../../tests/support/route53Double";

/**
 * pulumi-resource-aws for the end-to-end suite: a DOUBLE of the AWS provider's Route 53 parts the
 * stack uses (getZone, getRecords, route53.Record), too large to build here. Its account is the
 * Route 53 double's state (tests/support/route53Double.ts), kept in the JSON file KIRO_E2E_ROUTE53,
 * which the suite's DNS server and adopt's Route 53 double read too.
 */

type Props = Record<string, any>;
const file = process.env.KIRO_E2E_ROUTE53!;
const load = (): Route53State => JSON.parse(fs.readFileSync(file, "utf8")) as Route53State;
const save = (state: Route53State) => fs.writeFileSync(file, JSON.stringify(state, null, 2));
const dotted = (name: string) => `${String(name).toLowerCase().replace(/\.$/, "")}.`;
const quoted = (v: string) => `"${v.replace(/""/g, '" "')}"`;
const unquoted = (v: string) => v.replace(/^"|"$/g, "").replace(/" "/g, '""');

function findSet(state: Route53State, zoneId: string, name: string, type: string) {
    return state.recordSets.find((s) => s.zoneId === zoneId && dotted(s.name) === dotted(name) && s.type === type);
}

function create(inputs: Props): { id: string; outs: Props } {
    const state = load();
    if (findSet(state, inputs.zoneId, inputs.name, inputs.type) && !inputs.allowOverwrite) {
        throw new Error(
            `InvalidChangeBatch: Tried to create resource record set [name='${dotted(inputs.name)}', type='${inputs.type}'] but it already exists`,
        );
    }
    const others = state.recordSets.filter((s) => s !== findSet(state, inputs.zoneId, inputs.name, inputs.type));
    state.recordSets = [
        ...others,
        { zoneId: inputs.zoneId, name: dotted(inputs.name), type: inputs.type, ttl: inputs.ttl, values: inputs.records.map(quoted) },
    ];
    save(state);
    return { id: `${inputs.zoneId}_${inputs.name}_${inputs.type}`, outs: { ...inputs, fqdn: inputs.name } };
}

serve({
    version: process.env.KIRO_E2E_AWS_VERSION ?? "7.48.0",
    diff(_type, olds, news) {
        const changed = ["records", "ttl", "name", "type", "zoneId"].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
        // record.go: name, type and zone_id are ForceNew.
        return { changed, replaces: changed.filter((k) => ["name", "type", "zoneId"].includes(k)) };
    },
    plan: (_type, inputs) => ({ ...inputs, fqdn: UNKNOWN }),
    create: (_type, inputs) => Promise.resolve(create(inputs)),
    read(_type, id, props) {
        const [zoneId, name, type] = props ? [props.zoneId, props.name, props.type] : id.split("_");
        const set = findSet(load(), zoneId, name, type);
        if (!set) return Promise.resolve(undefined);
        return Promise.resolve({
            id,
            outs: { ...props, zoneId, name: props?.name ?? name, type, ttl: set.ttl, records: set.values.map(unquoted), fqdn: name },
        });
    },
    update: (_type, _id, _olds, news) => Promise.resolve(create({ ...news, allowOverwrite: true }).outs),
    delete(_type, _id, props) {
        const state = load();
        state.recordSets = state.recordSets.filter((s) => s !== findSet(state, props.zoneId, props.name, props.type));
        save(state);
        return Promise.resolve();
    },
    invoke(token, args) {
        const state = load();
        if (token === "aws:route53/getZone:getZone") {
            const zones = state.zones.filter((z) => dotted(z.name) === dotted(args.name) && !!z.private === !!args.privateZone);
            if (zones.length !== 1) return Promise.reject(new Error("no matching Route 53 Hosted Zone found"));
            return Promise.resolve({
                id: zones[0].id,
                zoneId: zones[0].id,
                name: String(args.name).replace(/\.$/, ""),
                privateZone: !!zones[0].private,
            });
        }
        if (token === "aws:route53/getRecords:getRecords") {
            const regex = args.nameRegex ? new RegExp(args.nameRegex) : undefined;
            const sets = state.recordSets.filter((s) => s.zoneId === args.zoneId && (!regex || regex.test(dotted(s.name))));
            return Promise.resolve({
                zoneId: args.zoneId,
                resourceRecordSets: sets.map((s) => ({
                    name: dotted(s.name),
                    type: s.type,
                    ttl: s.ttl,
                    setIdentifier: "",
                    resourceRecords: s.values.map((value) => ({ value })),
                })),
            });
        }
        return Promise.reject(new Error(`the AWS provider double does not serve ${token}`));
    },
});

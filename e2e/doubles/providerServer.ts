import * as grpc from "@grpc/grpc-js";

/**
 * Pulumi's resource provider protocol (pulumi/pulumi proto/pulumi/provider.proto) for the suite's
 * provider doubles, written here rather than with @pulumi/pulumi/provider because the doubles need
 * what its server does not offer and the real bridged providers do: the provider config (Configure),
 * previews of creates and updates (supportsPreview: a preview never writes, and outputs that will not
 * change stay known), the changed properties of a diff, and reads without properties (`pulumi import`).
 */

/* eslint-disable @typescript-eslint/no-require-imports */
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb") as Record<string, any>;
const providerPb = require("@pulumi/pulumi/proto/provider_pb") as Record<string, any>;
const pluginPb = require("@pulumi/pulumi/proto/plugin_pb") as Record<string, any>;
const structPb = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(o: object): any } };
const emptyPb = require("google-protobuf/google/protobuf/empty_pb") as Record<string, any>;
/* eslint-enable @typescript-eslint/no-require-imports */

export type Props = Record<string, any>;

/** The engine's sentinel for a value not known until the resource exists. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface ProviderDouble {
    version: string;
    configure?(variables: Record<string, string>): void;
    /** The properties whose change differs from the state, and those of them that replace. */
    diff(type: string, olds: Props, news: Props): { changed: string[]; replaces: string[] };
    /** The outputs a create will have, for a preview: computed ones UNKNOWN. */
    plan(type: string, inputs: Props): Props;
    create(type: string, inputs: Props): Promise<{ id: string; outs: Props }>;
    /** undefined when the object is gone. Without props (an import), from the import ID alone. */
    read(type: string, id: string, props: Props | undefined): Promise<{ id: string; outs: Props } | undefined>;
    update(type: string, id: string, olds: Props, news: Props): Promise<Props>;
    delete(type: string, id: string, outs: Props): Promise<void>;
    invoke(token: string, args: Props): Promise<Props>;
}

type Call = { request: any };
type Callback = (error: grpc.ServiceError | null, value?: unknown) => void;

const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;
const toJs = (s: any): Props => (s ? (s.toJavaScript() as Props) : {});
/** A Struct takes no undefined values. */
const toStruct = (p: Props) => structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(p)) as object);

function handle(fn: (request: any) => Promise<unknown> | unknown) {
    return (call: Call, callback: Callback) => {
        Promise.resolve()
            .then(() => fn(call.request))
            .then(
                (value) => callback(null, value),
                (e: Error) => callback({ code: grpc.status.UNKNOWN, details: e.message, message: e.message } as grpc.ServiceError),
            );
    };
}

export function serve(double: ProviderDouble): void {
    const server = new grpc.Server();
    const unimplemented = (name: string) => (_call: Call, callback: Callback) =>
        callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by the double` } as grpc.ServiceError);
    server.addService(providerRpc.ResourceProviderService, {
        handshake: unimplemented("Handshake"),
        parameterize: unimplemented("Parameterize"),
        getSchema: handle(() => new providerPb.GetSchemaResponse().setSchema("{}")),
        checkConfig: handle((req) => new providerPb.CheckResponse().setInputs(req.getNews())),
        diffConfig: handle(() => new providerPb.DiffResponse().setChanges(providerPb.DiffResponse.DiffChanges.DIFF_NONE)),
        configure: handle((req) => {
            const variables: Record<string, string> = {};
            req.getVariablesMap().forEach((v: string, k: string) => (variables[k] = v));
            double.configure?.(variables);
            return new providerPb.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(true).setAcceptresources(true);
        }),
        invoke: handle(async (req) =>
            new providerPb.InvokeResponse().setReturn(toStruct(await double.invoke(req.getTok(), toJs(req.getArgs())))),
        ),
        call: unimplemented("Call"),
        check: handle((req) => new providerPb.CheckResponse().setInputs(req.getNews())),
        diff: handle((req) => {
            const { changed, replaces } = double.diff(typeOf(req.getUrn()), toJs(req.getOlds()), toJs(req.getNews()));
            return new providerPb.DiffResponse()
                .setChanges(changed.length ? providerPb.DiffResponse.DiffChanges.DIFF_SOME : providerPb.DiffResponse.DiffChanges.DIFF_NONE)
                .setDiffsList(changed)
                .setReplacesList(replaces);
        }),
        create: handle(async (req) => {
            const type = typeOf(req.getUrn());
            const inputs = toJs(req.getProperties());
            if (req.getPreview()) return new providerPb.CreateResponse().setId("").setProperties(toStruct(double.plan(type, inputs)));
            const { id, outs } = await double.create(type, inputs);
            return new providerPb.CreateResponse().setId(id).setProperties(toStruct(outs));
        }),
        read: handle(async (req) => {
            const props = req.getProperties() ? toJs(req.getProperties()) : undefined;
            const found = await double.read(typeOf(req.getUrn()), req.getId(), props && Object.keys(props).length ? props : undefined);
            const res = new providerPb.ReadResponse();
            if (!found) return res.setId("");
            res.setId(found.id).setProperties(toStruct(found.outs));
            // An import (no properties) takes the state as the inputs that would produce it.
            if (!props || !Object.keys(props).length) res.setInputs(toStruct(found.outs));
            else if (req.getInputs()) res.setInputs(req.getInputs());
            return res;
        }),
        list: unimplemented("List"),
        update: handle(async (req) => {
            const type = typeOf(req.getUrn());
            const olds = toJs(req.getOlds());
            const news = toJs(req.getNews());
            // A preview keeps every output it does not change: as planned, never written.
            const outs = req.getPreview() ? { ...olds, ...news } : await double.update(type, req.getId(), olds, news);
            return new providerPb.UpdateResponse().setProperties(toStruct(outs));
        }),
        delete: handle(async (req) => {
            await double.delete(typeOf(req.getUrn()), req.getId(), toJs(req.getProperties()));
            return new emptyPb.Empty();
        }),
        construct: unimplemented("Construct"),
        cancel: handle(() => new emptyPb.Empty()),
        getPluginInfo: handle(() => new pluginPb.PluginInfo().setVersion(double.version)),
        attach: handle(() => new emptyPb.Empty()),
        getMapping: handle(() => new providerPb.GetMappingResponse().setProvider("").setData("")),
        getMappings: handle(() => new providerPb.GetMappingsResponse()),
    });
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
        if (error) throw error;
        // The engine reads the port from the first line of stdout.
        process.stdout.write(`${port}\n`);
    });
}

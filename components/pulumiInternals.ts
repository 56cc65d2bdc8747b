import * as pulumi from "@pulumi/pulumi";
import { createRequire } from "node:module";

/**
 * Every internal of @pulumi/pulumi this project uses, in one place, each with the reason no public
 * API serves. Checked against the version below; tests/pulumiInternals.test.ts is the contract and
 * fails if any of them disappears or changes. A missing internal throws (never fails open).
 */
export const CHECKED_AGAINST = "3.248.0";

const fromSdk = createRequire(createRequire(__filename).resolve("@pulumi/pulumi/package.json"));

export class MissingInternalError extends Error {
    constructor(what: string) {
        super(
            `kiro-okta relies on @pulumi/pulumi's ${what} (checked against ${CHECKED_AGAINST}); the installed ` +
                `@pulumi/pulumi ${installedVersion()} lacks it. Install the version in package-lock.json (npm ci).`,
        );
        this.name = "MissingInternalError";
    }
}

export function installedVersion(): string {
    return (fromSdk("./package.json") as { version: string }).version;
}

function required<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new MissingInternalError(what);
    return value;
}

/**
 * Whether a config value is stored as a secret. No public API tells: `Config.get` returns the
 * plain value and `getSecret` marks any value secret; the SDK itself uses this for its warning.
 */
export function isConfigSecret(fullKey: string): boolean {
    const config = fromSdk("./runtime/config") as { isConfigSecret?: (key: string) => boolean };
    return required(config.isConfigSecret, "runtime/config.isConfigSecret")(fullKey);
}

/**
 * Waits until every resource registration the program started has reached the monitor: what
 * `pulumi up` does before it disconnects. Under the mock runtime nothing public awaits them.
 */
export function waitForRPCs(): Promise<void> {
    const settings = fromSdk("./runtime/settings") as { waitForRPCs?: () => Promise<void> };
    return required(settings.waitForRPCs, "runtime/settings.waitForRPCs")();
}

/**
 * An Output's value as a promise that rejects when the program fails; `apply` never calls back on
 * a failed Output, so a test of a failing program could only time out.
 */
export function outputPromise(output: pulumi.Output<unknown>): Promise<unknown> {
    const promise = (output as unknown as { promise?: () => Promise<unknown> }).promise;
    return required(promise, "Output.promise").call(output);
}

/** The register request as the mock monitor receives it (protobuf getters). */
export interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getIgnorechangesList(): string[];
    getDependenciesList(): string[];
    getAliasesList(): AliasProto[];
    getProvider(): string;
}

export interface AliasProto {
    getUrn(): string;
    getSpec():
        | { getName(): string; getType(): string; getStack(): string; getProject(): string; getParenturn(): string; getNoparent(): boolean }
        | undefined;
}

type Monitor = { registerResource(req: RegisterRequest, cb: (err: unknown, res: { getUrn(): string }) => void): Promise<void> };

/**
 * Calls `onRegistered` with each request the mock monitor accepts. `setMocks` only reports a
 * resource's type, name and inputs; parents, options and aliases are on the request alone.
 */
export function observeRegistrations(onRegistered: (req: RegisterRequest, urn: string) => void): void {
    const monitor = required(pulumi.runtime.getMonitor() as unknown as Monitor | undefined, "runtime.getMonitor (after setMocks)");
    const register = required(monitor.registerResource, "MockMonitor.registerResource").bind(monitor);
    monitor.registerResource = async (req, cb) => {
        await register(req, (err, res) => {
            if (!err) onRegistered(req, res.getUrn());
            cb(err, res);
        });
    };
}

/**
 * The engine's side of the gRPC protocol (generated protobuf modules, Pulumi's MockMonitor and
 * property (de)serialisation), for tests that serve a fake engine or query a policy pack or the
 * package's plugin as the CLI does: no package publishes them apart from the SDK.
 */
export function engineProtocol() {
    return {
        resourceGrpc: fromSdk("./proto/resource_grpc_pb.js"),
        resourceProto: fromSdk("./proto/resource_pb.js"),
        engineGrpc: fromSdk("./proto/engine_grpc_pb.js"),
        engineProto: fromSdk("./proto/engine_pb.js"),
        analyzerGrpc: fromSdk("./proto/analyzer_grpc_pb.js"),
        analyzerProto: fromSdk("./proto/analyzer_pb.js"),
        providerGrpc: fromSdk("./proto/provider_grpc_pb.js"),
        providerProto: fromSdk("./proto/provider_pb.js"),
        MockMonitor: required(
            (fromSdk("./runtime/mocks.js") as { MockMonitor?: new (mocks: unknown) => any }).MockMonitor,
            "runtime/mocks.MockMonitor",
        ),
        rpc: fromSdk("./runtime/rpc.js") as {
            serializeProperties(label: string, props: Record<string, unknown>): Promise<Record<string, unknown>>;
            deserializeProperties(struct: unknown): Record<string, unknown>;
        },
        /** The nodejs language host's entry points: what the CLI starts for a program and a policy pack. */
        programEntry: fromSdk.resolve("./cmd/run"),
        policyPackEntry: fromSdk.resolve("./cmd/run-policy-pack"),
    };
}

import * as pulumi from "@pulumi/pulumi";

/**
 * A RunError (`pulumi up` prints it without a stack trace) whose message stays as written. When an
 * error reaches an output, @pulumi/pulumi prefixes `error serializing property "<name>": ` to its
 * message, once for every output it passes through (runtime/rpc.js, serializeProperties); these
 * messages already name the config key, so the prefixes are dropped.
 */
export class KiroOktaError extends pulumi.RunError {
    constructor(text: string) {
        super(text);
        Object.defineProperty(this, "message", { get: () => text, set: () => undefined, enumerable: false, configurable: true });
    }
}

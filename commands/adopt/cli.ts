import type { Route53Client } from "@aws-sdk/client-route-53";
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, EXIT, parseOptions } from "../common/command";
import { isServiceError } from "../common/net/errors";
import type { ProgramImporter } from "../common/runProgram";
import { formatProblems, splitNamespaces, validateConfig } from "../../components/config";
import { oktaFromEnv } from "../common/net/oktaCredentials";
import { netOptionsFrom, networkOptions } from "../common/netOptions";
import { shortType } from "../common/graph";
import { readStackConfig } from "../common/stackConfig";
import { importFile } from "./importFile";
import { type Picks, readOrg } from "./org";
import type { TxtSet } from "./route53";
import { adoptWorld, type Decision } from "./world";

export const USAGE =
    "usage: npm run adopt -- [--stack NAME | --config FILE] [--out FILE] [--oidc-app-id ID] [--scim-app-id ID] [--auth-server-id ID] " +
    "[--ca-file PEM] [--timeout MS] [--retries N] [--deadline SECONDS]";

export interface AdoptIo extends CommandIo {
    projectDir: string;
    env: Record<string, string | undefined>;
    /** Imports the program afresh (tests); a command imports it once. */
    load?: ProgramImporter;
}

const OPTIONS = {
    stack: { type: "string" },
    config: { type: "string" },
    out: { type: "string", default: "adopt.json" },
    "oidc-app-id": { type: "string" },
    "scim-app-id": { type: "string" },
    "auth-server-id": { type: "string" },
    ...networkOptions({ timeoutMs: 10000, deadlineSeconds: 300 }),
} as const;

const MARK = { import: "✔ import", create: "+ create", blocked: "✘ blocked" } as const;

const TYPE_ORDER = [
    "okta:app/oAuth:OAuth",
    "okta:auth/server:Server",
    "okta:auth/serverScope:ServerScope",
    "okta:auth/serverPolicy:ServerPolicy",
    "okta:auth/serverPolicyRule:ServerPolicyRule",
    "okta:app/saml:Saml",
    "okta:app/groupAssignment:GroupAssignment",
    "okta:app/user:User",
    "okta:index/pushGroup:PushGroup",
    "aws:route53/record:Record",
];

/** The versions of the providers the program registers its resources with, for the import file. */
function providerVersions(projectDir: string): Record<string, string> {
    const version = (pkg: string) =>
        (JSON.parse(fs.readFileSync(path.join(projectDir, "node_modules", "@pulumi", pkg, "package.json"), "utf8")) as { version: string })
            .version;
    return { okta: version("okta"), aws: version("aws") };
}

/** Route53 as the AWS SDK finds it, from the standard AWS_* variables of this command's environment. */
async function route53From(env: Record<string, string | undefined>): Promise<Route53Client> {
    // Loaded only from phase 2 on: the AWS SDK takes a while to load.
    const { Route53Client } = await import("@aws-sdk/client-route-53");
    const credentials =
        env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
            ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
            : undefined;
    return new Route53Client({
        region: env.AWS_REGION ?? "us-east-1",
        endpoint: env.AWS_ENDPOINT_URL_ROUTE_53 ?? env.AWS_ENDPOINT_URL,
        credentials,
    });
}

export function renderDecisions(decisions: Decision[]): string[] {
    return decisions.map((d) => `${MARK[d.action]} ${shortType(d.type)} ${d.name}${d.importId ? `: ${d.importId}` : ""} (${d.detail})`);
}

/**
 * `npm run adopt`: finds in Okta (and Route53) what a hand-made Kiro setup has for this stack's
 * config and writes the import file that makes it the stack's own. Read-only. Exit codes: cli/command.ts
 * EXIT (1 when the config is invalid or something blocks a safe adoption: nothing written).
 */
export async function runAdopt(argv: string[], io: AdoptIo): Promise<number> {
    const usage = (problem: string) => {
        io.stderr(`${problem}\n${USAGE}\n`);
        return 2;
    };
    const args = parseOptions(argv, OPTIONS, USAGE, io);
    if (!args) return 2;
    if (args.stack && args.config) return usage("give at most one of --stack NAME and --config FILE");
    const net = netOptionsFrom(args);
    if (typeof net === "string") return usage(net);

    const stack = args.config ? undefined : (args.stack ?? "dev");
    let stackConfig;
    try {
        stackConfig = readStackConfig(io.projectDir, args.config ?? `Pulumi.${stack}.yaml`);
    } catch (e) {
        return usage((e as Error).message);
    }
    const raw = splitNamespaces(
        Object.entries(stackConfig.config).map(([key, value]): [string, string, boolean] => [
            key,
            value,
            stackConfig.secretKeys.includes(key),
        ]),
        stackConfig.project,
    );
    const validated = validateConfig({ ...raw, env: io.env });
    if (!validated.ok) {
        io.stderr(`${formatProblems(validated.problems)}\n`);
        return EXIT.failed;
    }
    const cfg = validated.config;

    const okta = oktaFromEnv({
        OKTA_ORG_NAME: cfg.okta.orgName,
        OKTA_BASE_URL: cfg.okta.baseUrl,
        OKTA_HTTP_PROXY: raw.okta?.httpProxy,
        ...Object.fromEntries(
            Object.entries(io.env).filter(([k, v]) => k.startsWith("OKTA_") && k !== "OKTA_ORG_NAME" && k !== "OKTA_BASE_URL" && v),
        ),
    });
    if (!okta.orgUrl || !okta.auth) {
        return usage(
            "no Okta credentials: set OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY (the provider's variables); adopt only reads",
        );
    }
    const picks: Picks = { oidcAppId: args["oidc-app-id"], scimAppId: args["scim-app-id"], authServerId: args["auth-server-id"] };

    const where = `${stack ? `stack ${stack} (${stackConfig.file})` : stackConfig.file}, Okta org ${okta.orgUrl}`;
    io.stdout(`kiro-okta adopt for ${where}\n`);
    let txt: TxtSet | undefined;
    let org;
    try {
        const { memoized, sdkReader } = await import("../common/net/okta.js");
        org = await readOrg(memoized(sdkReader(okta.orgUrl, okta.auth, net)), cfg, picks);
        if (cfg.domain && cfg.domainVerificationToken) {
            const { findTxtSet } = await import("./route53.js");
            txt = await findTxtSet(cfg.verificationRecordName ?? cfg.domain, cfg.domain, cfg.hostedZoneId, await route53From(io.env));
        }
    } catch (e) {
        if (!isServiceError(e)) throw e;
        io.stderr(`Reading the org failed, so nothing can be adopted safely: ${(e as Error).message.split("\n")[0]}\n`);
        return 1;
    }

    const { world, decisions, problems } = adoptWorld(cfg, org, txt, okta.orgUrl);
    const { runProgram, importProgram, isUserError } = await import("../common/runProgram.js");
    const run = await runProgram(
        { config: stackConfig.config, secretKeys: stackConfig.secretKeys, world, stack: stack ?? "adopt" },
        io.load ?? importProgram,
    );
    if (run.error && !isUserError(run.error)) throw run.error;
    // In the guide's order, then by name.
    const rank = (d: Decision) => (TYPE_ORDER.indexOf(d.type) + TYPE_ORDER.length + 1) % (TYPE_ORDER.length + 1);
    decisions.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    io.stdout(renderDecisions(decisions).join("\n") + "\n");
    const blocked = decisions.filter((d) => d.action === "blocked");
    if (run.error || problems.length || blocked.length) {
        const reasons = [
            ...problems,
            ...(run.error && !problems.length ? [run.error.message] : []),
            ...blocked.map((d) => `${shortType(d.type)} ${d.name}: ${d.detail}`),
        ];
        io.stderr(`Not adopted: nothing written, nothing changed.\n${reasons.map((r) => `  - ${r}`).join("\n")}\n`);
        return 1;
    }

    const file = importFile(run.resources, decisions, providerVersions(io.projectDir));
    const out = path.resolve(io.projectDir, args.out);
    fs.writeFileSync(out, JSON.stringify(file, null, 4) + "\n");
    const count = (action: Decision["action"]) => decisions.filter((d) => d.action === action).length;
    const creates = count("create");
    io.stdout(
        [
            `Wrote ${path.relative(io.projectDir, out) || out}: ${count("import")} resources to import, ${file.resources.filter((r) => r.component).length} components, ${creates} to create.`,
            "Next (adopt changed nothing; these do):",
            `  pulumi import --file ${args.out} --protect=false --generate-code=false${stack ? ` --stack ${stack}` : ""}`,
            `  pulumi preview${stack ? ` --stack ${stack}` : ""}   # no replace and no delete; creates only for the ${creates} above; updates bring the hand-made setup to the stack's settings: review them`,
            `  pulumi up${stack ? ` --stack ${stack}` : ""}`,
        ].join("\n") + "\n",
    );
    return 0;
}

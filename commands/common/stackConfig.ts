import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

/**
 * A stack's config as the Pulumi CLI would hand it to the program, read from the files alone:
 * Pulumi.<stack>.yaml over the project's defaults from Pulumi.yaml. Encrypted values cannot be
 * read without the stack's secrets provider, and the plan does not need them: they become
 * "[secret]" and are marked secret, as they would be.
 */

export const SECRET_PLACEHOLDER = "[secret]";

export interface StackConfig {
    file: string;
    project: string;
    /** Full keys (`kiro-okta:assignGroups`, `okta:orgName`) to values as the CLI passes them. */
    config: Record<string, string>;
    secretKeys: string[];
}

type Declared = Record<string, { default?: unknown }>;

function asConfigValue(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

export function readStackConfig(projectDir: string, file: string): StackConfig {
    const project = yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { name: string; config?: Declared };
    const fullPath = path.resolve(projectDir, file);
    if (!fs.existsSync(fullPath)) throw new Error(`${file}: no such stack config file`);
    const stack = (yaml.load(fs.readFileSync(fullPath, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, decl] of Object.entries(project.config ?? {})) {
        if (decl.default !== undefined) config[`${project.name}:${key}`] = asConfigValue(decl.default);
    }
    for (const [rawKey, value] of Object.entries(stack.config ?? {})) {
        const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
        if (value !== null && typeof value === "object" && "secure" in value) {
            config[key] = SECRET_PLACEHOLDER;
            secretKeys.push(key);
        } else {
            config[key] = asConfigValue(value);
        }
    }
    return { file: path.relative(projectDir, fullPath) || file, project: project.name, config, secretKeys };
}

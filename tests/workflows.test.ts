import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";

const DIR = ".github/workflows";
const FILES = ["preview.yml", "drift.yml", "deploy.yml"];
const VALIDATOR = path.join("node_modules", "@action-validator", "cli", "cli.mjs");

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    if?: string;
}
interface Job {
    permissions?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    environment?: string;
    strategy?: { matrix: { stack: string[] } };
    if?: string;
    steps: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    env: Record<string, string>;
    jobs: Record<string, Job>;
}

const load = (file: string) => yaml.load(fs.readFileSync(path.join(DIR, file), "utf8")) as Workflow;
const validate = (file: string) => spawnSync(process.execPath, [VALIDATOR, file], { encoding: "utf8" });
const pulumiJobs = (wf: Workflow) => Object.values(wf.jobs).filter((j) => j.steps.some((s) => s.uses?.startsWith("pulumi/actions")));

describe("GitHub workflows", () => {
    it("are exactly the three docs/ci-and-drift.md documents", () => {
        expect(fs.readdirSync(DIR).sort()).toEqual([...FILES].sort());
        const doc = fs.readFileSync("docs/ci-and-drift.md", "utf8");
        for (const file of FILES) expect(doc).toContain(`\`${file}\``);
    });

    it.each(FILES)("%s passes action-validator (GitHub's workflow schema)", (file) => {
        const result = validate(path.join(DIR, file));
        expect(result.status, result.stdout + result.stderr).toBe(0);
    });

    it("the validator is real: a step with an unknown key fails it", () => {
        const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kiro-okta-wf-")), "broken.yml");
        fs.writeFileSync(
            broken,
            fs
                .readFileSync(path.join(DIR, "preview.yml"), "utf8")
                .replace("      - run: npm ci\n", "      - run: npm ci\n        runs: twice\n"),
        );
        const result = validate(broken);
        expect(result.status).not.toBe(0);
        expect(result.stdout + result.stderr).toContain("Additional property 'runs' is not allowed");
    });

    it.each(FILES)("%s: read-only by default; pulumi jobs get only what they need, one run per stack", (file) => {
        const wf = load(file);
        expect(wf.permissions).toEqual({ contents: "read" });
        expect(wf.env.PULUMI_VERSION).toMatch(/^3\.(2[3-9]\d|22[7-9])\.\d+$/);
        for (const job of pulumiJobs(wf)) {
            const allowed =
                file === "preview.yml"
                    ? { contents: "read", "pull-requests": "write", "id-token": "write" }
                    : { contents: "read", "id-token": "write" };
            expect(job.permissions).toEqual(allowed);
            expect(job.concurrency).toEqual({ group: "pulumi-${{ matrix.stack }}", "cancel-in-progress": false });
            // Every stack file has its entry (docs/ci-and-drift.md: add a stack to the matrix when you add its file).
            const stacks = fs.readdirSync(".").flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);
            expect(job.strategy?.matrix.stack).toEqual(expect.arrayContaining(stacks));
            const aws = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
            expect(aws?.with).toEqual({ "role-to-assume": "${{ vars.AWS_ROLE_ARN }}", "aws-region": "${{ vars.AWS_REGION }}" });
            for (const step of job.steps.filter((s) => s.uses?.startsWith("pulumi/actions"))) {
                expect(step.uses).toBe("pulumi/actions@v6");
                expect(step.with?.["pulumi-version"]).toBe("${{ env.PULUMI_VERSION }}");
            }
        }
        const text = fs.readFileSync(path.join(DIR, file), "utf8");
        expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|write-all/);
    });

    it("preview: on pull requests, a preview with the policy pack and a PR comment; forks get the plan", () => {
        const wf = load("preview.yml");
        expect(Object.keys(wf.on)).toEqual(["pull_request"]);
        const step = wf.jobs.preview.steps.find((s) => s.uses === "pulumi/actions@v6")!;
        expect(step.with).toMatchObject({
            command: "preview",
            "stack-name": "${{ matrix.stack }}",
            diff: true,
            "comment-on-pr": true,
            policyPacks: "policy",
        });
        expect(wf.jobs.preview.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
        // The PR's test job and CI run one script, so they cannot drift apart.
        expect(wf.jobs.test.steps.map((s) => s.run).filter(Boolean)).toEqual(["bash .ci/run", "npm run plan"]);
        const ci = fs.readFileSync(".ci/run", "utf8");
        for (const step of ["npm ci", "npm run check", "npm run toolchain", "npm run e2e"]) expect(ci).toContain(`\n${step}`);
        // npm run toolchain builds with Go: the job sets it up.
        expect(wf.jobs.test.steps.some((s) => s.uses?.startsWith("actions/setup-go@"))).toBe(true);
        // ... and its Python package scenario makes a venv and installs from PyPI: the job sets Python up.
        expect(wf.jobs.test.steps.some((s) => s.uses?.startsWith("actions/setup-python@"))).toBe(true);
        expect(JSON.parse(fs.readFileSync("package.json", "utf8")).scripts.check).toBe("npm run lint && npm run typecheck && npm test");
    });

    it("drift: scheduled, refresh running the program, fails on exit 7 and names what drifted", () => {
        const wf = load("drift.yml");
        expect(wf.on).toHaveProperty("schedule");
        const run = wf.jobs.drift.steps.find((s) => s.run?.includes("pulumi preview"))!.run!;
        for (const flag of ["--refresh", "--run-program", "--expect-no-changes", "--json"]) expect(run).toContain(flag);
        const summary = wf.jobs.drift.steps.find((s) => s.run?.includes("drift-summary"))!;
        expect(summary.if).toBe("always()");
        expect(summary.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
        expect(wf.jobs.drift.steps.at(-1)!.run).toContain('if [ "$CODE" = "7" ]');
        const script: string = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts["drift-summary"];
        expect(script).toMatch(/^tsx \S+\.ts$/);
        expect(fs.existsSync(script.replace(/^tsx /, ""))).toBe(true);
    });

    it("deploy: from main, behind the stack's protected environment, with the policy pack, refreshing first (a plain up leaves console drift: npm run e2e)", () => {
        const wf = load("deploy.yml");
        expect(wf.on).toMatchObject({ push: { branches: ["main"] } });
        expect(wf.jobs.deploy.environment).toBe("${{ matrix.stack }}");
        expect(wf.jobs.deploy.steps.find((s) => s.uses === "pulumi/actions@v6")!.with).toMatchObject({
            command: "up",
            refresh: true,
            policyPacks: "policy",
        });
    });

    it.each(FILES)("%s: Okta credentials come from secrets (token, private key) and variables, never inline", (file) => {
        for (const job of pulumiJobs(load(file))) {
            const env = Object.assign({}, ...job.steps.map((s) => s.env ?? {})) as Record<string, string>;
            expect(env.OKTA_API_TOKEN).toBe("${{ secrets.OKTA_API_TOKEN }}");
            expect(env.OKTA_API_PRIVATE_KEY).toBe("${{ secrets.OKTA_API_PRIVATE_KEY }}");
            expect(env.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
        }
    });
});

import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

// `pulumi preview --policy-pack policy`: the pack is built here only, so policies.ts stays testable.
new PolicyPack("kiro-okta", { policies });

import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import * as path from "node:path";
import { KiroOkta } from "./kiroOkta";

// The package's plugin entry (package.json "main"; PulumiPlugin.yaml): serves KiroOkta to programs in
// any language through `pulumi package add`. The stack's own program is index.ts (Pulumi.yaml "main").

void componentProviderHost({ components: [KiroOkta], name: "kiro-okta", dirname: path.join(__dirname, "..") });

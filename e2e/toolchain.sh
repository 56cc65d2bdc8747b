#!/usr/bin/env bash
# npm run toolchain: builds, once per machine and cached by version, the Pulumi tools the end-to-end
# suite runs, from the Go module proxy only (nothing else is downloaded, nothing is committed):
#   - the Pulumi CLI (engine included) at the version of @pulumi/pulumi in package.json, from a small
#     wrapper module (pkg/v3's go.mod has replace lines, so `go install pkg@version` refuses it);
#   - the language hosts and the Okta provider, where the proxy serves their modules.
# Writes toolchain.json beside the binaries: what was built, and each module the proxy refused
# (module, version, its answer). Prints the folder with the binaries on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${KIRO_TOOLCHAIN_CACHE:-$HOME/.cache/kiro-okta/toolchain}"
version="$(node -p "require('./package.json').dependencies['@pulumi/pulumi']")"
dir="$cache/pulumi-v$version"
bin="$dir/bin"
mkdir -p "$bin"
export GOFLAGS=-mod=mod CGO_ENABLED=0

log() { echo "toolchain: $*" >&2; }

# Without the CLI the suite cannot run: say why in toolchain.json (the suite reports itself not run)
# and stop here, successfully, so that CI reports the tests as not run instead of failing on a tool.
unavailable() {
    log "$1"
    node -e 'process.stdout.write(JSON.stringify({pulumi:null,pulumiVersion:process.argv[1],unavailable:process.argv[2],modules:[]}))' \
        "$version" "$1" >"$dir/toolchain.json"
    echo "$bin"
    exit 0
}

if [ ! -x "$bin/pulumi" ]; then
    command -v go >/dev/null || unavailable "no Go toolchain on this machine: the Pulumi CLI cannot be built"
    log "building the Pulumi CLI v$version (a cold build takes several minutes)"
    rm -f "$dir/toolchain.json"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    printf 'module kirookta.local/toolchain/pulumi\n\ngo 1.26\n' >"$work/go.mod"
    (cd "$work" && go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" >&2) ||
        unavailable "the Go module proxy did not serve github.com/pulumi/pulumi/pkg/v3@v$version (or a dependency): see the go output above"
    # As the release builds do (CGO off, these tags, the version set with -ldflags -X).
    (cd "$work" && go build -tags osusergo,grpcnotrace \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
        -o "$bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2) ||
        unavailable "building github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version failed: see the go output above"
    mv "$bin/pulumi.tmp" "$bin/pulumi"
else
    log "Pulumi CLI v$version: cached in $bin"
fi

# The modules the suite would rather run for real. Each is asked of the proxy once per machine; a
# refusal is recorded with the proxy's answer, and the suite runs its double in that place.
if [ ! -f "$dir/toolchain.json" ] || grep -q '"pulumi":null' "$dir/toolchain.json"; then
    sdk_info="$(go list -m -json "github.com/pulumi/pulumi/sdk/v3@v$version")"
    sdk_hash="$(node -e 'const j=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(j.Origin.Hash.slice(0,12))' <<<"$sdk_info")"
    sdk_time="$(node -e 'const j=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(j.Time.replace(/[-:TZ]/g,"").slice(0,14))' <<<"$sdk_info")"
    # The language hosts are modules of their own, never tagged: the commit of the SDK's release tag.
    pseudo="v3.0.0-$sdk_time-$sdk_hash"
    # pulumi-okta v6.3.0 (the first with PushGroup) wraps terraform-provider-okta v6.6.0, commit 7ac4158978f8.
    wanted=(
        "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$pseudo"
        "github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3@$pseudo"
        "github.com/pulumi/pulumi-okta/provider/v6@v6.3.0"
        "github.com/pulumi/pulumi-okta/provider/v6@v6.2.3"
        "github.com/okta/terraform-provider-okta@v0.0.0-20260305123328-7ac4158978f8"
    )
    entries=()
    for module in "${wanted[@]}"; do
        if answer="$(go list -m -json "$module" 2>&1)"; then
            entries+=("$(node -e 'process.stdout.write(JSON.stringify({module:process.argv[1],served:true}))' "$module")")
            log "served: $module (not built: the suite has no build for it yet)"
        else
            entries+=("$(node -e 'process.stdout.write(JSON.stringify({module:process.argv[1],served:false,answer:process.argv[2].split("\n").filter(Boolean).slice(-2).join(" ")}))' "$module" "$answer")")
            log "refused by the Go module proxy: $module"
        fi
    done
    (IFS=,; echo "{\"pulumi\":\"$bin/pulumi\",\"pulumiVersion\":\"$version\",\"modules\":[${entries[*]}]}") >"$dir/toolchain.json"
fi

"$bin/pulumi" version >&2
echo "$bin"

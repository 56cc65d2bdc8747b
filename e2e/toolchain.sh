#!/usr/bin/env bash
# npm run toolchain: builds, once per machine and cached by version, the Pulumi tools the end-to-end
# suite runs, from the Go module proxy only (nothing else is downloaded, nothing is committed):
#   - the Pulumi CLI (engine included) at the version of @pulumi/pulumi in package.json, from a small
#     wrapper module (pkg/v3's go.mod has replace lines, so `go install pkg@version` refuses it);
#   - pulumi-language-yaml, and a double of pulumi-language-python (e2e/doubles/pythonHost) built from
#     the real host's packages; the Okta provider and the other hosts where the proxy serves them.
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

# pulumi-language-yaml, for the component-as-a-package scenario. The CLI's release bundles pulumi-yaml
# v1.37.0 (scripts/get-language-providers.sh at v3.248.0), but that one needs pkg/v3 v3.247.0, which the
# proxy refuses; v1.38.1 needs pkg/v3 v3.255.0, which it serves. Beside the CLI, the CLI takes it as bundled.
yaml_module="github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v1.38.1"
if [ ! -x "$bin/pulumi-language-yaml" ] && [ ! -f "$dir/yaml-refused.txt" ]; then
    log "building $yaml_module"
    if ! (GOFLAGS= GOBIN="$bin" go install -tags osusergo,grpcnotrace \
        -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v1.38.1" "$yaml_module" 2>"$dir/yaml-build.log"); then
        tail -n 3 "$dir/yaml-build.log" >"$dir/yaml-refused.txt"
        log "could not build $yaml_module: $(cat "$dir/yaml-refused.txt")"
    fi
fi

# The Python language host's double (e2e/doubles/pythonHost: the real host's code generation, linking
# and pip handling from pkg/v3 and sdk/v3, which the proxy serves; its own module is refused, below).
# Cached by a hash of its sources, so an edit rebuilds it.
py_src="e2e/doubles/pythonHost"
py_hash="$(cat "$py_src/main.go" "$py_src/runner.py" | sha256sum | cut -c1-16)"
py_dir="$dir/doubles/python-$py_hash"
if [ ! -x "$py_dir/pulumi-language-python" ] && [ ! -f "$py_dir/refused.txt" ]; then
    log "building the Python language host double"
    rm -rf "$dir/doubles"/python-*
    mkdir -p "$py_dir"
    pywork="$(mktemp -d)"
    cp "$py_src/main.go" "$py_src/runner.py" "$pywork/"
    printf 'module kirookta.local/e2e/pythonhost\n\ngo 1.26\n' >"$pywork/go.mod"
    if ! (cd "$pywork" && go get "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" &&
        go mod tidy && go build -o "$py_dir/pulumi-language-python" .) >"$py_dir/build.log" 2>&1; then
        tail -n 3 "$py_dir/build.log" >"$py_dir/refused.txt"
        log "could not build the Python language host double: $(cat "$py_dir/refused.txt")"
    fi
    rm -rf "$pywork"
fi

# The modules the suite would rather run for real. Each is asked of the proxy once per machine (the
# answers are kept in modules.json); a refusal is recorded with the proxy's answer, and the suite
# runs its double in that place.
if [ ! -f "$dir/modules.json" ]; then
    # The language hosts are modules of their own, never tagged: the pseudo-version of the commit of
    # the SDK's release tag. The proxy's .info for sdk/v3 may carry no Origin, so the commits of the
    # releases this repository has pinned are kept here (git rev-parse v3.248.0 in pulumi/pulumi).
    declare -A release_commit=([3.248.0]="20260624120734-a88168d865b7")
    sdk_info="$(go list -m -json "github.com/pulumi/pulumi/sdk/v3@v$version")"
    commit="$(node -e 'const j=JSON.parse(require("fs").readFileSync(0,"utf8"));if(j.Origin&&j.Origin.Hash)process.stdout.write(j.Time.replace(/[-:TZ]/g,"").slice(0,14)+"-"+j.Origin.Hash.slice(0,12))' <<<"$sdk_info")"
    commit="${commit:-${release_commit[$version]:-}}"
    wanted=()
    if [ -n "$commit" ]; then
        wanted+=("github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@v3.0.0-$commit"
            "github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3@v3.0.0-$commit")
    else
        log "the commit of pulumi v$version is unknown here: the language hosts were not asked for (add it to release_commit)"
    fi
    # pulumi-okta v6.3.0 (the first with PushGroup) wraps terraform-provider-okta v6.6.0, commit 7ac4158978f8.
    wanted+=(
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
    (IFS=,; echo "[${entries[*]}]") >"$dir/modules.json"
fi

# What the suite reads: the CLI, pulumi-language-yaml (or why not), the modules' answers.
node -e '
const fs = require("fs");
const [bin, dir, version, yamlModule, pyDir] = process.argv.slice(1);
const yaml = fs.existsSync(bin + "/pulumi-language-yaml") ? bin + "/pulumi-language-yaml" : null;
const refused = fs.existsSync(dir + "/yaml-refused.txt") ? fs.readFileSync(dir + "/yaml-refused.txt", "utf8").trim() : "not built";
const pythonHost = fs.existsSync(pyDir + "/pulumi-language-python") ? pyDir + "/pulumi-language-python" : null;
const pyRefused = fs.existsSync(pyDir + "/refused.txt") ? fs.readFileSync(pyDir + "/refused.txt", "utf8").trim() : "not built";
const modules = JSON.parse(fs.readFileSync(dir + "/modules.json", "utf8"));
fs.writeFileSync(dir + "/toolchain.json", JSON.stringify({ pulumi: bin + "/pulumi", pulumiVersion: version, yaml, yamlUnavailable: yaml ? undefined : yamlModule + ": " + refused, pythonHost, pythonHostUnavailable: pythonHost ? undefined : "the Python language host double: " + pyRefused, modules }, null, 2));
' "$bin" "$dir" "$version" "$yaml_module" "$py_dir"

"$bin/pulumi" version >&2
echo "$bin"

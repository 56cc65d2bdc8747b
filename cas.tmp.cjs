const yaml = require("js-yaml"),
    fs = require("fs");
const f = process.argv[2];
const d = yaml.load(fs.readFileSync(f, "utf8"));
const seen = new Set();
for (const i of d.interactions) {
    const k = i.request.method + " " + i.request.url.replace(/https:\/\/[^/]+/, "");
    if (seen.has(k)) continue;
    seen.add(k);
    console.log("==", k, "->", i.response.code);
    const h = i.response.headers || {};
    for (const x of ["Link", "X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"])
        if (h[x]) console.log("  ", x, JSON.stringify(h[x]));
    if (process.argv[3]) console.log(String(i.response.body).slice(0, Number(process.argv[3])));
}

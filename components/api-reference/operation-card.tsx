import { Badge } from "@/components/ui/primitives";
import { operationResponses } from "@/lib/openapi/resolve";
import type { JsonSchema, OpenApiDocument } from "@/lib/openapi/types";
import { FieldsTable } from "./fields-table";
import { fieldRows, typeLabel, type ListedOperation } from "./schema-rows";

const methodTone = { get: "blue", post: "green", put: "amber", patch: "amber", delete: "red" } as const;

export function OperationCard({ entry, schemas, doc }: { entry: ListedOperation; schemas: Record<string, JsonSchema>; doc: OpenApiDocument }) {
  const { method, path, operation } = entry;
  const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
  const body = operation.requestBody?.content?.["application/json"]?.schema;
  const parameters = operation.parameters ?? [];
  // The statuses it lists and those every operation of its kind answers (x-common-responses).
  const responses = operationResponses(doc, operation, parameters);
  const permission = operation["x-permission"];
  return (
    <article id={operation.operationId} className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-operation={`${method} ${path}`}>
      <header className="flex flex-wrap items-center gap-2">
        <Badge tone={methodTone[method]}>{method.toUpperCase()}</Badge>
        <code className="font-mono text-sm font-semibold text-slate-900">/api/v1{path}</code>
        {operation.deprecated && <Badge tone="amber">deprecated</Badge>}
        {isPublic && <Badge>no authentication</Badge>}
        {permission && <Badge>requires <code className="font-mono">{permission}</code></Badge>}
      </header>
      <h3 className="mt-2 text-base font-semibold text-slate-800">{operation.summary}</h3>
      {operation.description && <p className="mt-1 text-sm text-slate-600">{operation.description}</p>}

      {parameters.length > 0 && (
        <section className="mt-4">
          <h4 className="text-sm font-semibold text-slate-700">Parameters</h4>
          <FieldsTable
            caption={`Parameters of ${operation.operationId}`}
            rows={parameters.map((p) => ({
              name: p.name,
              label: p.name,
              depth: 0,
              type: `${p.schema ? typeLabel(p.schema, schemas) : "string"} (${p.in})`,
              required: p.required ?? false,
              nullable: false,
              description: p.description ?? p.schema?.description,
              notes: fieldRows({ type: "object", properties: { [p.name]: p.schema ?? {} } }, schemas)[0]?.notes ?? [],
            }))}
          />
        </section>
      )}

      {body && (
        <section className="mt-4">
          <h4 className="text-sm font-semibold text-slate-700">Request body <span className="font-normal text-slate-500">(application/json)</span></h4>
          <FieldsTable caption={`Request body of ${operation.operationId}`} rows={fieldRows(body, schemas)} />
        </section>
      )}

      <section className="mt-4">
        <h4 className="text-sm font-semibold text-slate-700">Responses</h4>
        <ul className="mt-1 space-y-1 text-sm">
          {responses.map(({ status, response, common }) => {
            const schema = response.content?.["application/json"]?.schema;
            const isError = Number(status) >= 400;
            const rows = schema && !isError ? fieldRows(schema, schemas) : [];
            return (
              <li key={status} data-status={status} data-common={common || undefined} className={common ? "text-slate-500" : undefined}>
                {rows.length > 0 ? (
                  <details>
                    <summary className="cursor-pointer"><StatusCode status={status} /> {response.description}</summary>
                    <div className="mt-2 pl-4"><FieldsTable caption={`${status} response of ${operation.operationId}`} rows={rows} /></div>
                  </details>
                ) : (
                  <p><StatusCode status={status} /> {response.description}{isError && schema ? <span className="text-slate-500"> — error object</span> : null}</p>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </article>
  );
}

function StatusCode({ status }: { status: string }) {
  const tone = status.startsWith("2") ? "text-green-700" : status.startsWith("4") ? "text-amber-700" : "text-red-700";
  return <code className={`font-mono font-semibold ${tone}`}>{status}</code>;
}

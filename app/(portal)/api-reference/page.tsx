import { ApiReference } from "@/components/api-reference/api-reference";

export default function ApiReferencePage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">API reference</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every operation of the REST API, generated from its OpenAPI 3.1 description (<a className="text-brand-600 hover:underline" href="/api/v1/openapi.json">openapi.json</a>).
        </p>
      </div>
      <ApiReference />
    </div>
  );
}

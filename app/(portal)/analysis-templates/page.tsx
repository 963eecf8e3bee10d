import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { AnalysisTemplatesPanel } from "@/components/analysis-templates/analysis-templates-panel";

export default async function AnalysisTemplatesPage() {
  const session = await getPortalSession();
  const canManage = can(session, "assistants.write");
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Analysis templates</h1>
        <p className="mt-1 text-sm text-slate-600">
          Reusable post-call extraction: a JSON Schema and the prompt that fills it. Assistants use one through
          <code className="mx-1 font-mono">analysis_plan.structured_data_plan.template_id</code>; a template in use cannot be deleted.
        </p>
      </div>
      <AnalysisTemplatesPanel canManage={canManage} />
    </div>
  );
}

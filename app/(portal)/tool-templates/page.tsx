import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { ToolTemplatesPanel } from "@/components/tool-templates/tool-templates-panel";

export default async function ToolTemplatesPage() {
  const session = await getPortalSession();
  const canManage = can(session, "assistants.write");
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Tool templates</h1>
        <p className="mt-1 text-sm text-slate-600">
          Reusable tools (webhook functions, call transfers, hang-up) that assistants list in <code className="font-mono">tool_template_ids</code>.
          A template in use by an assistant cannot be deleted.
        </p>
      </div>
      <ToolTemplatesPanel canManage={canManage} />
    </div>
  );
}

"use client";
import { useEffect, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/primitives";

type Props = {
  /** The destructive action's button, e.g. "Delete". */
  actionLabel: string;
  actionAriaLabel?: string;
  /** The confirming button, e.g. "Confirm delete", and its label while pending. */
  confirmLabel: string;
  pendingLabel: string;
  /** What happens if confirmed, shown next to the confirming button. */
  warning?: ReactNode;
  pending: boolean;
  onConfirm: () => void;
  /** Called when the user starts confirming (e.g. to clear an earlier error). */
  onStart?: () => void;
  /** Other row actions, shown beside the action button when not confirming. */
  children?: ReactNode;
};

// A destructive row action that asks once more in place; it closes when the request settles.
export function ConfirmInPlace({ actionLabel, actionAriaLabel, confirmLabel, pendingLabel, warning, pending, onConfirm, onStart, children }: Props) {
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!pending) setConfirming(false);
  }, [pending]);
  if (confirming) {
    return (
      <div className="flex flex-wrap items-center justify-end gap-2">
        {warning && <span className="text-xs text-slate-600">{warning}</span>}
        <Button type="button" variant="danger" disabled={pending} onClick={onConfirm}>{pending ? pendingLabel : confirmLabel}</Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>Cancel</Button>
      </div>
    );
  }
  return (
    <div className="flex justify-end gap-2">
      {children}
      <Button type="button" variant="secondary" aria-label={actionAriaLabel} onClick={() => { onStart?.(); setConfirming(true); }}>{actionLabel}</Button>
    </div>
  );
}

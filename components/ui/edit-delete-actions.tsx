"use client";
import type { UseMutationResult } from "@tanstack/react-query";
import { Button } from "@/components/ui/primitives";
import { ConfirmInPlace } from "@/components/ui/confirm-in-place";

/** A row's Edit button and its delete, confirmed in place, with the server's refusal shown below. */
export function EditDeleteActions({ name, onEdit, remove }: { name: string; onEdit: () => void; remove: UseMutationResult<unknown, Error, void> }) {
  return (
    <td className="py-2 text-right">
      <ConfirmInPlace
        actionLabel="Delete"
        actionAriaLabel={`Delete ${name}`}
        confirmLabel="Confirm delete"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        onStart={() => remove.reset()}
        onConfirm={() => remove.mutate()}
      >
        <Button type="button" variant="secondary" onClick={onEdit} aria-label={`Edit ${name}`}>Edit</Button>
      </ConfirmInPlace>
      {remove.error && <p role="alert" className="mt-1 text-xs text-red-600" data-testid="delete-error">{remove.error.message}</p>}
    </td>
  );
}

// Display formats shared by every portal table and page.
export const formatDateTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

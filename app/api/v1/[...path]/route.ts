export { unmatchedRoute as GET, unmatchedRoute as POST, unmatchedRoute as PUT, unmatchedRoute as PATCH, unmatchedRoute as DELETE } from "@/lib/api/routes/unmatched";

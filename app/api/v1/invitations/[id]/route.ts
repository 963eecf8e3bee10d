export { deleteInvitation as DELETE } from "@/lib/api/routes/team";
export * from "@/lib/api/routes/method-fallbacks";

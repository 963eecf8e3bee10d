export { listInvitations as GET, postInvitation as POST } from "@/lib/api/routes/team";
export * from "@/lib/api/routes/method-fallbacks";

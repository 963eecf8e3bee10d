export { patchMember as PATCH, deleteMember as DELETE } from "@/lib/api/routes/team";
export * from "@/lib/api/routes/method-fallbacks";

export { getPhoneNumber as GET, patchPhoneNumber as PATCH, removePhoneNumber as DELETE } from "@/lib/api/routes/telephony";
export * from "@/lib/api/routes/method-fallbacks";

export { listPhoneNumbers as GET, postPhoneNumber as POST } from "@/lib/api/routes/telephony";
export * from "@/lib/api/routes/method-fallbacks";

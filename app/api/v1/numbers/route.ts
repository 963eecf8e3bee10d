export { listPhoneNumbers as GET, postPhoneNumber as POST } from "@/lib/api/routes/telephony";

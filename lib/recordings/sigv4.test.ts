import { describe, expect, it } from "vitest";
import { EMPTY_PAYLOAD_HASH, signRequest } from "./sigv4";

// AWS's published example "GET Object" (Amazon S3 API reference, "Signature Calculations for
// the Authorization Header: Transferring Payload in a Single Chunk").
const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

describe("signRequest (SigV4)", () => {
  it("matches AWS's published GET Object example signature", () => {
    const headers = signRequest(
      {
        method: "GET",
        url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
        headers: { Range: "bytes=0-9" },
        payloadHash: EMPTY_PAYLOAD_HASH,
        region: "us-east-1",
        date: new Date("2013-05-24T00:00:00Z"),
      },
      credentials,
    );
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, " +
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
    expect(headers["x-amz-date"]).toBe("20130524T000000Z");
    expect(headers["x-amz-content-sha256"]).toBe(EMPTY_PAYLOAD_HASH);
    expect(headers.host).toBeUndefined();
  });

  it("signs differently when anything signed changes", () => {
    const base = {
      method: "GET",
      url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
      payloadHash: EMPTY_PAYLOAD_HASH,
      region: "us-east-1",
      date: new Date("2013-05-24T00:00:00Z"),
    };
    const a = signRequest(base, credentials).authorization;
    expect(signRequest({ ...base, region: "eu-west-1" }, credentials).authorization).not.toBe(a);
    expect(signRequest({ ...base, url: new URL("https://examplebucket.s3.amazonaws.com/other.txt") }, credentials).authorization).not.toBe(a);
    expect(signRequest(base, { ...credentials, secretAccessKey: "x" }).authorization).not.toBe(a);
  });

  it("adds the session token header when given and signs it", () => {
    const headers = signRequest(
      { method: "PUT", url: new URL("http://127.0.0.1:9000/bucket/a%20b.ogg"), payloadHash: "UNSIGNED-PAYLOAD", region: "us-east-1" },
      { ...credentials, sessionToken: "tok" },
    );
    expect(headers["x-amz-security-token"]).toBe("tok");
    expect(headers.authorization).toContain("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token");
  });
});

// The brand's logo, or its product name when it has none.
export function BrandMark({ productName, logoPath, size = "small" }: { productName: string; logoPath: string | null; size?: "small" | "large" }) {
  if (logoPath) {
    return <img src={logoPath} alt={productName} data-testid="brand-logo" className={size === "large" ? "max-h-14 max-w-[16rem]" : "max-h-9 max-w-[12rem]"} />;
  }
  return (
    <p data-testid="brand-name" className={`font-bold text-accent-600 ${size === "large" ? "text-2xl" : "text-lg"}`}>
      {productName}
    </p>
  );
}

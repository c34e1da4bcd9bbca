/** Ferry's mark: a ferry on a wave, drawn inline so it needs no font or file. */
export function Logo({ size = 22 }: { readonly size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 14h16l-2.5 4.5h-11z" fill="currentColor" />
      <path d="M8 9h7l2 5H7z" fill="currentColor" opacity="0.75" />
      <path d="M10 6h2v3h-2z" fill="currentColor" opacity="0.75" />
      <path d="M2 21c2 0 2-1.2 4-1.2s2 1.2 4 1.2 2-1.2 4-1.2 2 1.2 4 1.2 2-1.2 4-1.2" stroke="currentColor" strokeWidth="1.4" fill="none" />
    </svg>
  );
}

/** GOV.UK Frontend's type scale and colours, inline so the file prints the same anywhere. */
export const REPORT_STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: "GDS Transport", arial, sans-serif; font-size: 19px; line-height: 1.32; color: #0b0c0c; background: #fff; -webkit-font-smoothing: antialiased; }
main { max-width: 1400px; margin: 0 auto; padding: 30px 15px; }
.marking { margin: 0; max-width: none; padding: 5px 15px; text-align: center; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; border-bottom: 2px solid #0b0c0c; }
.caption { display: block; color: #505a5f; font-size: 24px; margin-bottom: 5px; }
h1 { font-size: 48px; line-height: 1.04; margin: 0 0 30px; }
h2 { font-size: 36px; line-height: 1.11; margin: 45px 0 20px; }
h3 { font-size: 24px; line-height: 1.25; margin: 30px 0 15px; }
p, li { margin: 0 0 15px; max-width: 45em; }
.summary { border-left: 10px solid #b1b4b6; padding-left: 15px; }
.warning { font-weight: 700; border-left: 10px solid #d4351c; padding-left: 15px; }
.headlines li { margin-bottom: 10px; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; border-spacing: 0; margin: 0 0 40px; font-size: 16px; }
caption { text-align: left; font-weight: 700; font-size: 19px; margin-bottom: 10px; }
th, td { padding: 10px 20px 10px 0; border-bottom: 1px solid #b1b4b6; text-align: left; vertical-align: top; }
thead th { font-weight: 700; }
tbody th { font-weight: 400; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.placeholder { font-style: italic; color: #505a5f; border: 1px dashed #b1b4b6; padding: 10px; }
dt { font-weight: 700; }
dd { margin: 0 0 15px; }
@page { size: A4 landscape; margin: 15mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 24pt; } h2 { font-size: 18pt; break-after: avoid; } h3 { font-size: 14pt; break-after: avoid; }
  table { font-size: 9pt; break-inside: auto; }
  th, td { padding: 4px 8px 4px 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .section { break-before: page; }
}
`;

import qrcode from 'qrcode-generator';

/**
 * A QR code as a GIF data URL (qrcode-generator encodes GIF and base64 in plain JS, so it works in
 * the mini-program runtime as well as the browser). One <Image> node instead of a view per module.
 */
export function qrDataUrl(text: string, cellSize = 6): string {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  // The quiet zone should be 4 modules; margin is in pixels.
  return qr.createDataURL(cellSize, cellSize * 4);
}

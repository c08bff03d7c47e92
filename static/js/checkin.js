// The check-in page: read a badge's QR code with the camera (or from a photo) and send its code.
// Without a camera, or without JavaScript, the code field and the search by name do the same.
document.addEventListener("DOMContentLoaded", () => {
  const section = document.querySelector("[data-checkin-camera]");
  const form = document.querySelector("[data-checkin-form]");
  if (!section || !form || !window.QrScanner) return;
  const video = section.querySelector("[data-checkin-video]");
  const toggle = section.querySelector("[data-camera-toggle]");
  const photo = section.querySelector("[data-checkin-photo]");
  const failure = section.querySelector("[data-camera-error]");
  const field = form.querySelector("[data-checkin-token]");
  let scanner = null;
  let last = { code: "", at: 0 };

  const send = (code) => {
    // One badge held in front of the camera is read many times a second: send it once.
    const now = Date.now();
    if (code === last.code && now - last.at < 4000) return;
    last = { code, at: now };
    failure.hidden = true;
    field.value = code;
    form.requestSubmit();
  };

  section.hidden = false;
  photo.addEventListener("change", () => {
    const file = photo.files && photo.files[0];
    if (!file) return;
    window.QrScanner.scanImage(file, { returnDetailedScanResult: true })
      .then((result) => send(result.data))
      .catch(() => { failure.hidden = false; })
      .finally(() => { photo.value = ""; });
  });

  window.QrScanner.hasCamera().then((hasCamera) => {
    if (!hasCamera) { toggle.hidden = true; return; }
    toggle.addEventListener("click", () => {
      if (scanner) {
        scanner.stop(); scanner.destroy(); scanner = null;
        video.hidden = true;
        toggle.textContent = toggle.dataset.startLabel;
        return;
      }
      video.hidden = false;
      scanner = new window.QrScanner(video, (result) => send(result.data), {
        returnDetailedScanResult: true, preferredCamera: "environment", maxScansPerSecond: 5,
      });
      scanner.start().then(() => { toggle.textContent = toggle.dataset.stopLabel; })
        .catch(() => { failure.hidden = false; video.hidden = true; scanner.destroy(); scanner = null; });
    });
  });
});

// After a passkey is registered at enrolment, go on to the recovery codes (no inline script: strict CSP).
document.addEventListener("otp_webauthn.register_complete", () => {
  const target = document.getElementById("passkey-done-url");
  if (target) {
    window.location.assign(target.value);
  }
});

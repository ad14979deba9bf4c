import { initAll } from '/javascripts/govuk-frontend.min.js';

initAll();

// A user form's pool matters only for a regional analyst: with scripts on, it shows only while
// that role is chosen (without them it is always there, labelled for regional analysts).
const poolField = document.querySelector('[data-app-pool-field]');
if (poolField) {
  const roles = document.querySelectorAll('input[name="role"]');
  const sync = () => {
    poolField.hidden = document.querySelector('input[name="role"]:checked')?.value !== 'regional_analyst';
  };
  roles.forEach((radio) => radio.addEventListener('change', sync));
  sync();
}

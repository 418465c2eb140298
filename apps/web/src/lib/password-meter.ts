import { passwordStrength } from './validators';

/** Wires the strength meter of the `nova-senha` partial to its password field. */
export function attachPasswordMeter(root: ParentNode = document): void {
  const input = root.querySelector<HTMLInputElement>('input[data-validate="password"]');
  const meter = root.querySelector<HTMLMeterElement>('meter.password-meter');
  const label = root.querySelector<HTMLElement>('[data-password-label]');
  if (!input || !meter || !label) return;
  input.addEventListener('input', () => {
    const { score, label: text } = passwordStrength(input.value);
    meter.value = score;
    label.textContent = text;
  });
}

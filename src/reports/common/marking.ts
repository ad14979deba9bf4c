/** The Government Security Classifications marking every Headroom report carries. */
export const SECURITY_MARKING = 'Official – Sensitive';

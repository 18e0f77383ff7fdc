// Hostile values shared by the Node tests (not a test file itself: node --test runs *.test.mjs).

/** A getter or Proxy trap that throws. */
export const boom = () => {
  throw new Error("boom");
};

/** A Proxy already revoked: every operation on it throws, even `Array.isArray`. */
export const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

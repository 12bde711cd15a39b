/**
 * Static dummy credentials for everything that talks to the local SQS endpoint. The emulator accepts any
 * signature; fixed values keep the SDK from walking the default provider chain (env, ~/.aws, IMDS), which
 * could pick up real credentials.
 */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** {@link LOCAL_CREDENTIALS} as the environment variables a function or an HTTP app reads them from. */
function localCredentialEnvironment(): { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string } {
  return {
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  };
}

export { LOCAL_CREDENTIALS, localCredentialEnvironment };

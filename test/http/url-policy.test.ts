// URL rules: https anywhere, plain http only to loopback, decided from the text alone.
import { InsecureUrlError } from '../../lib/http';
import { checkedUrl, printableUrl } from '../../lib/http/url-policy';

describe('checkedUrl', () => {
  it.each([
    'https://idp.example.com/oauth2/register',
    'http://127.0.0.1:8080/reg',
    'http://127.5.6.7/reg',
    'http://127.1/reg',
    'http://localhost:3000/reg',
    'http://LOCALHOST/reg',
    'http://[::1]:4000/reg',
  ])('given %s, then it is allowed', (url) => {
    expect(checkedUrl(url)).toBeInstanceOf(URL);
  });

  it.each([
    ['http://idp.example.com/reg', 'plain http is only allowed to a loopback host'],
    ['http://10.0.0.1/reg', 'plain http is only allowed to a loopback host'],
    ['http://128.0.0.1/reg', 'plain http is only allowed to a loopback host'],
    ['http://localhost.example.com/reg', 'plain http is only allowed to a loopback host'],
    ['http://[::ffff:127.0.0.1]/reg', 'plain http is only allowed to a loopback host'],
    ['ftp://idp.example.com/reg', 'scheme ftp: is not supported'],
    ['file:///etc/passwd', 'scheme file: is not supported'],
    ['https://app:s3cret@idp.example.com/reg', 'credentials in the URL are not allowed'],
    ['/relative/path', 'not an absolute URL'],
  ])('given %s, then it is refused: %s', (url, reason) => {
    expect(() => checkedUrl(url)).toThrow(InsecureUrlError);
    expect(() => checkedUrl(url)).toThrow(reason);
  });

  it('given a refused URL with credentials and a query, then the error shows neither', () => {
    const error = (() => {
      try {
        checkedUrl('https://app:s3cret-pw@idp.example.com/reg?token=abc');
      } catch (e) {
        return e as InsecureUrlError;
      }
      throw new Error('expected a refusal');
    })();

    expect(error.url).toBe('https://idp.example.com/reg');
    expect(error.message).not.toMatch(/s3cret-pw|token=abc/);
  });
});

describe('printableUrl', () => {
  it('given a URL with userinfo, query and fragment, then only scheme, host and path remain', () => {
    expect(printableUrl(new URL('https://u:p@idp.example.com:8443/a/b?x=1#frag'))).toBe('https://idp.example.com:8443/a/b');
  });
});

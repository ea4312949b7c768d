// CloudFront Function (cloudfront-js-2.0), viewer request of the web client's default behaviour.
// The client routes on its own: a link opened from an e-mail (/invitations/<token>,
// /reset-password/<token>, /threads/<id>) or any other path without a file extension gets
// index.html, which the bucket holds. Files (/assets/index-<hash>.js, /favicon.ico) pass as asked.
// The sandbox never exists on AWS: its paths answer 404, so the client sees no sandbox clock.
var CLIENT_LINKS = ['/invitations/', '/reset-password/', '/threads/'];

function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/sandbox' || uri.indexOf('/sandbox/') === 0) {
    return { statusCode: 404, statusDescription: 'Not Found' };
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  var link = CLIENT_LINKS.some(function (prefix) { return uri.indexOf(prefix) === 0; });
  if (link || last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}

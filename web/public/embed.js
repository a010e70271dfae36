// Amends complaint form for your own site: <script src="https://YOUR-AMENDS/embed.js" async></script>
// inserts the form as an iframe where the script tag stands (or into #amends-complaint).
(function () {
  var script = document.currentScript;
  var origin = new URL(script.src).origin;
  var frame = document.createElement('iframe');
  frame.src = origin + '/embed/complain';
  frame.title = 'Complaint form';
  frame.style.cssText = 'width:100%;min-height:760px;border:0';
  var target = document.getElementById('amends-complaint');
  if (target) target.appendChild(frame);
  else script.parentNode.insertBefore(frame, script);
})();

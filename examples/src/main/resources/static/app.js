// realtimekit demo: plain JavaScript, no build step. Speaks the native protocol of /realtime.
'use strict';

const COMPANY = '00000000-0000-4000-8000-000000000001';

function panel(root, role) {
  const $ = (sel) => root.querySelector(sel);
  const log = $('.log');
  const status = $('.status');
  const presence = $('.presence');
  let ws = null;
  let online = false; // authenticated: events may be sent
  let nextId = 1;
  const pending = new Map();

  function line(cls, text) {
    const div = document.createElement('div');
    div.className = cls;
    div.textContent = new Date().toLocaleTimeString() + '  ' + text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  // busy: a socket is open or opening (Connect disabled, Disconnect enabled)
  function setOnline(isOnline, text, busy = isOnline) {
    online = isOnline;
    status.textContent = text;
    status.classList.toggle('online', isOnline);
    $('.connect').disabled = busy;
    $('.disconnect').disabled = !busy;
  }

  function showPresence(userId, online) {
    if (!presence) return;
    const id = 'p-' + role + '-' + userId;
    let li = document.getElementById(id);
    if (online && !li) {
      li = document.createElement('li');
      li.id = id;
      li.textContent = userId;
      presence.appendChild(li);
    } else if (!online && li) {
      li.remove();
    }
  }

  async function connect() {
    if (ws) return;
    const sub = $('input[name=sub]').value.trim();
    $('.connect').disabled = true; // no second socket from a double click
    let body;
    try {
      const params = new URLSearchParams({ sub, role, companyId: COMPANY });
      const res = await fetch('/dev/token?' + params);
      body = await res.json();
      if (!res.ok) { line('err', 'token refused: ' + body.error); $('.connect').disabled = false; return; }
    } catch (e) {
      $('.connect').disabled = false;
      throw e;
    }
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + '/realtime');
    ws = socket;
    setOnline(false, 'connecting...', true);
    socket.onopen = () => socket.send(JSON.stringify({ type: 'connect', token: body.token }));
    socket.onmessage = (e) => onFrame(JSON.parse(e.data));
    socket.onclose = (e) => {
      if (ws !== socket) return;
      ws = null;
      pending.clear();
      setOnline(false, 'offline (' + e.code + (e.reason ? ' ' + e.reason : '') + ')');
      line('sys', 'closed ' + e.code);
      if (presence) presence.innerHTML = '';
    };
  }

  function onFrame(f) {
    if (f.type === 'connected') {
      setOnline(true, 'online as ' + f.data.userId);
      line('sys', 'connected, connection ' + f.data.connectionId);
      if (role === 'commercial') emit('presence:list', { role: 'visitor' });
    } else if (f.type === 'error') {
      line('err', 'error ' + f.data.code + ': ' + f.data.message);
    } else if (f.reply !== undefined) {
      const what = pending.get(f.reply);
      pending.delete(f.reply);
      if (!f.ok) { line('err', what + ' refused: ' + f.error.code); return; }
      if (what === 'presence:list') {
        const users = Array.isArray(f.data) ? f.data : (f.data.users || []);
        users.forEach((u) => showPresence(u.userId || u, true));
      } else {
        line('sys', what + ' delivered (id ' + (f.data && f.data.id) + ')');
      }
    } else if (f.event === 'chat:message') {
      line('in', f.data.from + ': ' + f.data.message);
    } else if (f.event === 'visitor:connected') {
      line('sys', 'visitor online: ' + f.data.userId);
      showPresence(f.data.userId, true);
    } else if (f.event === 'visitor:disconnected') {
      line('sys', 'visitor offline: ' + f.data.userId);
      showPresence(f.data.userId, false);
    } else if (f.event === 'error') {
      line('err', 'error ' + f.data.code + ': ' + f.data.message);
    } else if (f.event) {
      line('in', f.event + ' ' + JSON.stringify(f.data));
    }
  }

  function emit(event, data) {
    const id = nextId++;
    pending.set(id, event);
    ws.send(JSON.stringify({ event, data, id }));
  }

  $('.connect').onclick = () => connect().catch((e) => line('err', String(e)));
  $('.disconnect').onclick = () => ws && ws.close(1000, 'bye');
  $('form.chat').onsubmit = (e) => {
    e.preventDefault();
    const to = $('input[name=to]').value.trim();
    const input = $('input[name=message]');
    if (!input.value) return;
    if (!online) { line('err', 'not connected: press Connect first'); return; }
    emit('chat:message', { to, message: input.value });
    line('out', 'me -> ' + to + ': ' + input.value);
    input.value = '';
  };
}

panel(document.getElementById('visitor'), 'visitor');
panel(document.getElementById('commercial'), 'commercial');

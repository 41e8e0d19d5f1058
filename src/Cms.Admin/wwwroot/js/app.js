// The few things the app asks of the browser that .NET in WebAssembly cannot do itself.

/** Copies text to the clipboard; false when the browser refuses (the app then shows the text to copy by hand). */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Where in an element a click fell, each 0 to 1 from its top left corner. */
export function fraction(element, clientX, clientY) {
  const r = element.getBoundingClientRect();
  const clamp = v => Math.min(1, Math.max(0, v));
  return [clamp((clientX - r.left) / r.width), clamp((clientY - r.top) / r.height)];
}

/**
 * Uploads files dropped on a zone or chosen in its file input to POST /api/v1/assets, each on its own request, and
 * reports to .NET as they go: Started(index, name), Progress(index, sent, total), Finished(index, status, body).
 * XMLHttpRequest rather than fetch: only it reports upload progress.
 */
export function attachUploads(zone, input, dotnet, csrfToken) {
  let next = 0;
  const send = files => {
    for (const file of files) {
      const index = next++;
      dotnet.invokeMethodAsync('Started', index, file.name);
      const form = new FormData();
      form.append('file', file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', new URL('/api/v1/assets', location.origin));
      xhr.setRequestHeader('X-CSRF-Token', csrfToken);
      xhr.upload.onprogress = e => dotnet.invokeMethodAsync('Progress', index, e.loaded, e.total);
      xhr.onload = () => dotnet.invokeMethodAsync('Finished', index, xhr.status, xhr.responseText);
      xhr.onerror = () => dotnet.invokeMethodAsync('Finished', index, 0, '');
      xhr.send(form);
    }
  };
  input.addEventListener('change', () => { send(input.files); input.value = ''; });
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('over');
    send(e.dataTransfer.files);
  });
}

/**
 * Follows a live story's stream as readers do (EventSource reconnects by itself with the last id it saw) and hands
 * each event to .NET: Received(type, data). Returns the EventSource, for close().
 */
export function listen(url, dotnet) {
  const source = new EventSource(url);
  for (const type of ['update.created', 'update.edited', 'update.deleted', 'update.pinned', 'update.unpinned', 'coverage.ended']) {
    source.addEventListener(type, e => dotnet.invokeMethodAsync('Received', type, e.data));
  }
  source.onopen = () => dotnet.invokeMethodAsync('Connected', true);
  source.onerror = () => dotnet.invokeMethodAsync('Connected', false);
  return source;
}

/** Makes a passkey with the options the API gave (JSON); answers the credential as JSON, or null when the person declined. */
export async function createPasskey(optionsJson) {
  try {
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(optionsJson));
    return JSON.stringify((await navigator.credentials.create({ publicKey })).toJSON());
  } catch (e) {
    if (e.name === 'NotAllowedError' || e.name === 'AbortError') return null;
    throw e;
  }
}

/** Signs with a passkey for the options the API gave (JSON); answers the assertion as JSON, or null when declined. */
export async function getPasskey(optionsJson) {
  try {
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(optionsJson));
    return JSON.stringify((await navigator.credentials.get({ publicKey })).toJSON());
  } catch (e) {
    if (e.name === 'NotAllowedError' || e.name === 'AbortError') return null;
    throw e;
  }
}

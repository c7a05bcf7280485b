"""A kernel manager that ends a dashboard's kernel once its page has gone, however it went.

Voila ends a page's kernel when the page says goodbye (a request sent while it unloads),
and Jupyter's culler ends kernels idle for a long time. A page that goes without a goodbye
(the browser killed, a laptop closed, the Wi-Fi lost, a link preview or ``curl`` that never
runs the page's scripts) left its kernel running until the idle cull, 20 minutes later.
Here a kernel outside Voila's preheated pool with no page connected and not computing is
shut down once it has been alone and quiet for ``page_grace`` seconds; a page that is
connected keeps its kernel (the idle cull still applies to it). A kernel rendering a page
computes (busy) until the page's HTML is complete, however long a loaded machine takes, and
its clock starts only then, so the grace is the time a browser has to run the page's
scripts and connect. The server closes the connection of a page
whose network has gone when its pings stay unanswered (``ws_ping_timeout``), so that case
becomes an ordinary disconnection.
"""

from __future__ import annotations

import time

from jupyter_client.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, TraitError


class PageKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager, plus: a kernel whose page is gone ends ``page_grace``
    seconds later (checked every ``cull_interval`` seconds, which the culler needs on:
    ``cull_idle_timeout > 0``)."""

    page_grace = Float(
        60.0, config=True,
        help="Seconds a kernel with no page connected (after its page closed, or since it left "
             "the preheated pool without a page ever connecting) and without activity is kept "
             "before it is shut down. A page that reconnects in time keeps its kernel.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Monotonic time since which each kernel has had no page connected, for the kernels
        # the culler has seen alone (a pooled kernel is never seen: Voila's pool answers first).
        self._alone_since: dict[str, float] = {}

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._alone_since.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id: str) -> None:
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id, 0) <= 0 and kernel_id in self._kernels:
            self._alone_since[kernel_id] = time.monotonic()

    def remove_kernel(self, kernel_id: str):
        self._alone_since.pop(kernel_id, None)
        return super().remove_kernel(kernel_id)

    def alone_for(self, kernel_id: str) -> float | None:
        """Seconds the kernel has been without a page and without activity, or None while
        a page is connected or the kernel computes (a preheated kernel computes from its
        warm-up until its page is rendered, waiting for the request in between: its last
        output can be minutes old when a page takes it)."""
        kernel = self._kernels.get(kernel_id)
        last = None if kernel is None else _last_activity(kernel)
        if (last is None or self._kernel_connections.get(kernel_id, 0) > 0
                or getattr(kernel, "execution_state", None) == "busy"):
            return None
        now = time.monotonic()
        alone = now - self._alone_since.setdefault(kernel_id, now)
        return min(alone, max(0.0, time.time() - last.timestamp()))

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        kernel = self._kernels.get(kernel_id)
        if kernel is None or _last_activity(kernel) is None:
            return  # still starting: nothing to judge yet (Jupyter's check would raise)
        alone = self.alone_for(kernel_id)
        if alone is not None and alone > self.page_grace:
            self.log.info("Kernel %s has had no page for %.0f s: shutting it down", kernel_id, alone)
            await ensure_async(self.shutdown_kernel(kernel_id))
            return
        await ensure_async(super().cull_kernel_if_idle(kernel_id))


def _last_activity(kernel):
    """The kernel's last activity (a datetime), or None before Jupyter has recorded one
    (reading the unset trait raises)."""
    try:
        return kernel.last_activity
    except TraitError:
        return None

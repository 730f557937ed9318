from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from org import services
from org.forms import PasswordResetForm, UserForm, password_policy
from org.permissions import coordinator_required
from org.scoping import departments_visible_to, login_attempts_visible_to, users_visible_to


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every role changes its own password here; a forced change (first log-in, after a reset) lands here too."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "forced": self.request.user.must_change_password,
                "policy": password_policy()}

    def form_valid(self, form):
        user = services.user_password_change(user=self.request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)
        messages.success(self.request, "密码已修改。")
        return redirect(self.success_url)


@login_required
def account(request):
    return render(request, "org/account.html", {"idle_minutes": settings.SESSION_COOKIE_AGE // 60})


@login_required
@require_POST
def sessions_end(request):
    services.user_sessions_end(user=request.user)
    logout(request)
    messages.success(request, "已退出所有设备上的登录，请重新登录。")
    return redirect("login")


# --- user management (创文办) -----------------------------------------------------------------

@coordinator_required
def user_list(request):
    users = users_visible_to(request.user).prefetch_related("departments").order_by("-is_active", "role", "username")
    query = request.GET.get("q", "").strip()[:50]
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "org/user_list.html", {"page": page, "q": query})


def _user_form(request, editing=None, *, bound: bool = True):
    initial = UserForm.initial_for(editing) if editing else {"role": "clerk"}
    return UserForm(request.POST if bound and request.method == "POST" else None, initial=initial, editing=editing,
                    departments=departments_visible_to(request.user),
                    roles=services.roles_assignable_by(request.user))


@coordinator_required
def user_create(request):
    form = _user_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_account_create(
                actor=request.user, username=data["username"], full_name=data["full_name"], role=data["role"],
                departments=list(data["departments"]), password=data["password"])
        except services.AccountRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已创建用户 {user.username}，请把初始密码告知本人；首次登录须修改密码。")
            return redirect("org:user_list")
    return render(request, "org/user_form.html", {"form": form})


@coordinator_required
def user_edit(request, pk: int):
    editing = get_object_or_404(users_visible_to(request.user), pk=pk)
    form = _user_form(request, editing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_account_update(actor=request.user, user=editing, full_name=data["full_name"],
                                         role=data["role"], departments=list(data["departments"]),
                                         is_active=data["is_active"])
        except services.AccountRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已保存用户 {editing.username}。")
            return redirect("org:user_list")
    return render(request, "org/user_form.html", {
        "form": form, "editing": editing, "reset_form": PasswordResetForm(user=editing)})


@coordinator_required
@require_POST
def user_password_reset(request, pk: int):
    editing = get_object_or_404(users_visible_to(request.user), pk=pk)
    form = PasswordResetForm(request.POST, user=editing)
    if form.is_valid():
        try:
            services.user_password_reset(actor=request.user, user=editing, password=form.cleaned_data["password"])
        except services.AccountRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已重置 {editing.username} 的密码；其下次登录须修改密码。")
            return redirect("org:user_list")
    return render(request, "org/user_form.html", {
        "form": _user_form(request, editing, bound=False), "editing": editing, "reset_form": form}, status=422)


# --- log-in locks -----------------------------------------------------------------------------

@coordinator_required
def lockouts(request):
    attempts = list(login_attempts_visible_to(request.user).order_by("-attempt_time")[:200])
    cooloff = timedelta(hours=settings.AXES_COOLOFF_TIME)
    for attempt in attempts:
        # Locked while the cool-off after the last failure runs; axes forgets the count afterwards.
        locked = attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
        attempt.locked_until = attempt.attempt_time + cooloff if locked else None
    return render(request, "org/lockouts.html", {
        "attempts": attempts, "now": timezone.now(), "limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME * 60)})


@coordinator_required
@require_POST
def lockout_clear(request, pk: int):
    attempt = get_object_or_404(login_attempts_visible_to(request.user), pk=pk)
    services.login_lock_clear(actor=request.user, attempt=attempt)
    messages.success(request, f"已解除 {attempt.username}（{attempt.ip_address}）的登录锁定。")
    return redirect("org:lockouts")

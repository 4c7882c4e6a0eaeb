from django.contrib.auth.views import LoginView

from accounts.forms import EmailAuthenticationForm


class SiteLoginView(LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

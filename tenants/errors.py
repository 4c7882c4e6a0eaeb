class ProvisioningError(Exception):
    """Provisioning was refused; nothing was created. The message is for the operator."""

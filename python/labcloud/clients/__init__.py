"""boto3-shaped clients, one module per service; made by ``Cloud.client``."""

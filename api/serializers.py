from rest_framework import serializers

from config.sites import municipality_site_url
from tenants.models import Municipality, Network


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.DictField()


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class MunicipalitySerializer(serializers.ModelSerializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    site_url = serializers.SerializerMethodField()
    networks = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Municipality
        fields = ["code", "name", "region", "latitude", "longitude", "site_url", "networks"]

    def get_site_url(self, obj) -> str:
        return municipality_site_url(obj)


class NetworkMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "name"]


class NetworkSerializer(serializers.ModelSerializer):
    members = NetworkMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Network
        fields = ["slug", "name", "description", "members"]

{{- define "common.errors.upgrade.passwords.empty" -}}
  {{- $validationErrors := join "" .validationErrors -}}
  {{- if and $validationErrors .context.Release.IsUpgrade -}}
    {{- $errorString := "\nPASSWORDS ERROR: You must provide your current passwords when upgrading the release." -}}
    {{- $errorString = print $errorString "\n                 Note that even after reinstallation, old credentials may be needed as they may be kept in persistent volume claims." -}}
    {{- $errorString = print $errorString "%s" -}}
    {{- printf $errorString $validationErrors | fail -}}
  {{- end -}}
{{- end -}}

{{- define "common.errors.insecureImages" -}}
{{- $relocatedImages := list -}}
{{- $replacedImages := list -}}
{{- $retaggedImages := list -}}
{{- $globalRegistry := ((.context.Values.global).imageRegistry) -}}
{{- $originalImages := .context.Chart.Annotations.images -}}
{{- range .images -}}
  {{- $fullImageName := printf (printf "%s/%s:%s" .registry .repository .tag) -}}
  {{- if not (contains $fullImageName $originalImages) }}
    {{- if not (empty $globalRegistry) -}}
      {{- $relocatedImages = append $relocatedImages $fullImageName  -}}
    {{- else if or (contains "docker.io/bitnami/" $fullImageName) (contains "docker.io/bitnamiprem/" $fullImageName) -}}
      {{- $retaggedImages = append $retaggedImages $fullImageName  -}}
    {{- else -}}
      {{- $replacedImages = append $replacedImages $fullImageName  -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- if and (or (gt (len $replacedImages) 0) (gt (len $retaggedImages) 0)) (not ((.context.Values.global).security).allowInsecureImages) -}}
  {{- $errorString := "Original containers have been substituted for unrecognized ones." -}}
  {{- printf $errorString | fail -}}
{{- end -}}
{{- end -}}
